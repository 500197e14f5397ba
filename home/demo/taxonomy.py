"""Regions and types of service for the demo register, as (slug, name) pairs."""

REGIONS = [
    ("north-east", "North East"),
    ("north-west", "North West"),
    ("yorkshire-and-the-humber", "Yorkshire and the Humber"),
    ("east-midlands", "East Midlands"),
    ("west-midlands", "West Midlands"),
    ("east-of-england", "East of England"),
    ("london", "London"),
    ("south-east", "South East"),
    ("south-west", "South West"),
    ("wales", "Wales"),
    ("scotland", "Scotland"),
    ("northern-ireland", "Northern Ireland"),
]

SERVICE_TYPES = [
    ("supported-living", "Supported living"),
    ("residential-care", "Residential care"),
    ("care-at-home", "Care and support at home"),
    ("day-opportunities", "Day opportunities"),
    ("short-breaks", "Short breaks"),
    ("positive-behaviour-support", "Positive behaviour support"),
    ("employment-support", "Employment support"),
    ("advocacy", "Advocacy"),
]
