"""The Code's five sections for the demo site, in the project's own words."""

TITLE = "The Code"

INTRO = (
    "<p>The Code has five sections. Each one describes good practice to aim for "
    "and asks questions that an organisation should talk through honestly with "
    "the people it supports, their families and its staff. It is not a test "
    "with a pass mark: it is a way of noticing what is going well and what "
    "needs to change.</p>"
)

CHECKLIST_INTRO = (
    "<p>Use this checklist to plan your self-assessment. For each statement, "
    "agree together how well it describes your service today, and write down "
    "what people said. Finish each section with the actions you will take, a "
    "date for each, and the person who will lead it.</p>"
)

SECTIONS = [
    {
        "title": "Support is focused on the person",
        "anchor": "focused-on-the-person",
        "intro": (
            "<p>Good support starts with the person: who they are, what matters "
            "to them and how they want to live. Services are shaped around "
            "people, not the other way round.</p>"
        ),
        "statements": [
            "Each person's support is designed around them, with them, and "
            "changes when their life or wishes change.",
            "Every person has an up-to-date plan that they, and the people "
            "close to them, helped to write and can understand.",
            "All staff, whatever their role, are trained to work in a "
            "person-centred way and are expected to use it every day.",
            "People are supported to communicate in the way that works best "
            "for them, and staff learn how each person communicates.",
            "When someone's behaviour is hard to understand, staff look for "
            "what the person is telling them and use positive behaviour "
            "support rather than control or restraint.",
            "Medication is never used to manage behaviour instead of "
            "understanding and support.",
        ],
        "questions": [
            "How do we know that each person's plan reflects what they want, "
            "and not what suits the service?",
            "When did someone's support last change because they asked for it?",
            "Which staff have not yet had person-centred training, and when will they?",
            "How often are restrictive practices used, and what are we doing "
            "to reduce them?",
        ],
    },
    {
        "title": "An ordinary and meaningful life",
        "anchor": "an-ordinary-life",
        "intro": (
            "<p>People should have the same chances as anyone else: a home of "
            "their own, relationships, work or learning, and a place in their "
            "community.</p>"
        ),
        "statements": [
            "People choose where and with whom they live, and are supported to "
            "make their house a home.",
            "People are helped to keep in touch with family and friends and to "
            "make new relationships.",
            "People have real opportunities to work, volunteer, learn and take "
            "part in their community.",
            "People are supported to stay healthy and to get the health care "
            "they need, when they need it.",
            "Risks are weighed up with the person, so that safety does not "
            "become a reason to stop people living their lives.",
        ],
        "questions": [
            "What did the people we support do last week that they chose and enjoyed?",
            "How many people we support have paid work or volunteer, and how "
            "many would like to?",
            "Where do our own rules or routines stop people doing ordinary things?",
            "How do we make sure people have annual health checks and health "
            "action plans?",
        ],
    },
    {
        "title": "Working in partnership with families",
        "anchor": "partnership-with-families",
        "intro": (
            "<p>Families often know the person best and stay with them for "
            "life. They deserve to be listened to, kept informed and treated as "
            "partners.</p>"
        ),
        "statements": [
            "Families are welcomed, listened to and involved in planning, when "
            "the person wants this.",
            "Families know who to contact, and get clear, timely and honest "
            "information.",
            "Families can raise worries or complaints easily, and are told what "
            "happened as a result.",
            "Families' knowledge and experience are valued and used to improve "
            "the service.",
        ],
        "questions": [
            "How would a family describe the way we treat them?",
            "What have families told us in the past year, and what did we "
            "change because of it?",
            "How do families take part in our self-assessment?",
        ],
    },
    {
        "title": "Good staff and good management",
        "anchor": "staff-and-management",
        "intro": (
            "<p>Quality depends on the people who give support every day and on "
            "the managers who lead them.</p>"
        ),
        "statements": [
            "People who use the service and their families help to recruit "
            "and select staff.",
            "Staff are recruited for their values as well as their skills, and "
            "are matched with the people they support.",
            "Staff get induction, regular supervision and training, including "
            "in positive behaviour support.",
            "Managers spend time where support happens, know the people "
            "supported and lead by example.",
            "Staff feel able to speak up about poor practice and are protected "
            "when they do.",
        ],
        "questions": [
            "How are people we support involved in choosing their staff?",
            "How often do managers see support in practice, and what do they "
            "do with what they see?",
            "Would our staff feel safe telling us something was wrong? How do we know?",
            "What does staff turnover tell us about our service?",
        ],
    },
    {
        "title": "Leadership, governance and accountability",
        "anchor": "leadership-and-governance",
        "intro": (
            "<p>Leaders and boards set the culture. They are answerable for the "
            "quality of support and for being open when things go wrong.</p>"
        ),
        "statements": [
            "The board and senior managers know the Code, visit services and "
            "hear directly from people who use them.",
            "People who use services and families have a real say in how the "
            "organisation is run.",
            "The organisation is open about its mistakes, tells people when "
            "something has gone wrong and shows what it has learned.",
            "Quality is checked independently, for example by experts by "
            "experience, and the findings are acted on.",
            "The organisation reports on the Code in public every year and "
            "follows through on its action plan.",
        ],
        "questions": [
            "When did our board last hear directly from someone we support?",
            "What would a person we support say if they were asked to check "
            "the quality of our service?",
            "How do we share bad news with our board, with families and with "
            "the public?",
            "What did last year's action plan promise, and what have we done?",
        ],
    },
]
