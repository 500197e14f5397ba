"""
Demo signatories. Sign-up dates are days before the day the demo is loaded, chosen
so that each provider lands in the lifecycle state its ``scenario`` names once the
reporting workflow runs. ``reports_days_ago``, ``interim_days_ago`` and
``concern_days_ago`` describe the records that put it there; the workflow's demo
loader adds them.
"""

from dataclasses import dataclass
from enum import StrEnum


class Scenario(StrEnum):
    ACTIVE_NEW = "active_new"
    ACTIVE = "active"
    REMINDER_60 = "reminder_60"
    REMINDER_14 = "reminder_14"
    OVERDUE = "overdue"
    SUSPENSION_DUE = "suspension_due"
    SUSPENDED = "suspended"
    SUSPENDED_BY_EDITORS = "suspended_by_editors"
    INTERIM = "interim"
    REPORTED = "reported"
    REPORTED_DUE_SOON = "reported_due_soon"
    REINSTATED = "reinstated"
    CONCERN_OPEN = "concern_open"
    CONCERN_SUSPENDED = "concern_suspended"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class DemoProvider:
    slug: str
    name: str
    description: str
    regions: tuple[str, ...]
    service_types: tuple[str, ...]
    signed_up_days_ago: int
    scenario: Scenario
    reports_days_ago: tuple[int, ...] = ()
    interim_days_ago: int | None = None
    concern_days_ago: int | None = None

    @property
    def website(self):
        return f"https://{self.slug}.example.org/"

    @property
    def statement_url(self):
        return f"https://{self.slug}.example.org/driving-up-quality"

    @property
    def contact_email(self):
        return f"{self.slug}@example.org"


PROVIDERS = [
    DemoProvider(
        slug="brightwater-support",
        name="Brightwater Support Partnership",
        description=(
            "Supported living and short breaks for adults with learning "
            "disabilities across Tyneside and County Durham."
        ),
        regions=("north-east",),
        service_types=("supported-living", "short-breaks"),
        signed_up_days_ago=91,
        scenario=Scenario.ACTIVE,
    ),
    DemoProvider(
        slug="harbour-lane-care",
        name="Harbour Lane Community Care",
        description=(
            "A small family-run service offering care at home and day "
            "opportunities in and around Plymouth."
        ),
        regions=("south-west",),
        service_types=("care-at-home", "day-opportunities"),
        signed_up_days_ago=14,
        scenario=Scenario.ACTIVE_NEW,
    ),
    DemoProvider(
        slug="kestrel-supported-living",
        name="Kestrel Supported Living",
        description=(
            "Tenancy-based support for autistic adults, many of whom moved "
            "out of long-stay hospitals."
        ),
        regions=("yorkshire-and-the-humber", "east-midlands"),
        service_types=("supported-living", "positive-behaviour-support"),
        signed_up_days_ago=310,
        scenario=Scenario.REMINDER_60,
    ),
    DemoProvider(
        slug="oakfield-lives",
        name="Oakfield Lives",
        description=(
            "Residential homes and supported living for people with complex "
            "needs in the West Midlands."
        ),
        regions=("west-midlands",),
        service_types=("residential-care", "supported-living"),
        signed_up_days_ago=355,
        scenario=Scenario.REMINDER_14,
    ),
    DemoProvider(
        slug="meadowbank-autism",
        name="Meadowbank Autism Services",
        description=(
            "Specialist support for autistic children and adults, including "
            "short breaks and help into work."
        ),
        regions=("south-east", "london"),
        service_types=("short-breaks", "employment-support"),
        signed_up_days_ago=374,
        scenario=Scenario.OVERDUE,
    ),
    DemoProvider(
        slug="thistledown-trust",
        name="Thistledown Care Trust",
        description=(
            "A charity providing residential and supported living services "
            "across the Scottish Borders and Lothians."
        ),
        regions=("scotland",),
        service_types=("residential-care", "supported-living"),
        signed_up_days_ago=380,
        scenario=Scenario.SUSPENSION_DUE,
    ),
    DemoProvider(
        slug="greystone-living",
        name="Greystone Supported Living",
        description="Supported living in shared and single-person homes in Essex.",
        regions=("east-of-england",),
        service_types=("supported-living",),
        signed_up_days_ago=540,
        scenario=Scenario.SUSPENDED,
    ),
    DemoProvider(
        slug="ashgrove-homes",
        name="Ashgrove Homes",
        description=(
            "Small residential homes for autistic adults in Cornwall and Devon."
        ),
        regions=("south-west",),
        service_types=("residential-care",),
        signed_up_days_ago=150,
        scenario=Scenario.SUSPENDED_BY_EDITORS,
    ),
    DemoProvider(
        slug="northern-lights-support",
        name="Northern Lights Support",
        description=(
            "One of the larger providers in the North West, supporting over "
            "900 people in their own homes and in the community."
        ),
        regions=("north-west", "yorkshire-and-the-humber", "wales"),
        service_types=("supported-living", "care-at-home", "day-opportunities"),
        signed_up_days_ago=380,
        scenario=Scenario.INTERIM,
        interim_days_ago=5,
    ),
    DemoProvider(
        slug="willowbrook-homes",
        name="Willowbrook Homes",
        description=(
            "Small residential homes in Kent, each shared by no more than four people."
        ),
        regions=("south-east",),
        service_types=("residential-care",),
        signed_up_days_ago=730,
        scenario=Scenario.REPORTED,
        reports_days_ago=(400, 120),
    ),
    DemoProvider(
        slug="riverside-inclusion",
        name="Riverside Inclusion Network",
        description=(
            "Day opportunities, employment support and advocacy run together "
            "with the people who use them, in Cardiff and the Valleys."
        ),
        regions=("wales",),
        service_types=("day-opportunities", "employment-support", "advocacy"),
        signed_up_days_ago=1100,
        scenario=Scenario.REPORTED_DUE_SOON,
        reports_days_ago=(740, 330),
    ),
    DemoProvider(
        slug="beacon-positive-support",
        name="Beacon Positive Support",
        description=(
            "Positive behaviour support teams working alongside families and "
            "other providers across London."
        ),
        regions=("london",),
        service_types=("positive-behaviour-support", "care-at-home"),
        signed_up_days_ago=800,
        scenario=Scenario.REINSTATED,
        reports_days_ago=(20,),
    ),
    DemoProvider(
        slug="fernhill-family-services",
        name="Fernhill Family Services",
        description=(
            "Short breaks and family support for children and young people "
            "with learning disabilities in Nottinghamshire."
        ),
        regions=("east-midlands",),
        service_types=("short-breaks", "care-at-home"),
        signed_up_days_ago=240,
        scenario=Scenario.CONCERN_OPEN,
        concern_days_ago=7,
    ),
    DemoProvider(
        slug="larkspur-partnerships",
        name="Larkspur Community Partnerships",
        description=(
            "Supported living and community support in Belfast and County Down."
        ),
        regions=("northern-ireland",),
        service_types=("supported-living", "advocacy"),
        signed_up_days_ago=200,
        scenario=Scenario.CONCERN_SUSPENDED,
        concern_days_ago=42,
    ),
    DemoProvider(
        slug="tidewell-cooperative",
        name="Tidewell Care Cooperative",
        description=(
            "A worker-owned cooperative offering care at home in Norfolk and Suffolk."
        ),
        regions=("east-of-england",),
        service_types=("care-at-home",),
        signed_up_days_ago=600,
        scenario=Scenario.WITHDRAWN,
        reports_days_ago=(250,),
    ),
]
