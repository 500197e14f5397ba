"""Words for the home page, the register and the About page."""

HOME = {
    "title": "Better lives, not just minimum standards",
    "lead": (
        "The Driving Up Quality Code is a promise made by organisations that "
        "support people with learning disabilities and autistic people: to look "
        "honestly at their services, to involve the people they support, and to "
        "keep getting better."
    ),
    "body": (
        "<h2>Why the Code exists</h2>"
        "<p>After the abuse at Winterbourne View came to light in 2011, "
        "organisations across the sector asked themselves a hard question: what "
        "does good support really look like, and how would we know if ours fell "
        "short? The Code was their answer. It was written in 2013 by providers, "
        "with people who use services and their families, and launched at the "
        "House of Commons that autumn.</p>"
        "<h2>What signing up means</h2>"
        "<p>The Code is voluntary and free. There is no inspection and no pass "
        "or fail. Instead, each organisation that signs up agrees to:</p>"
        "<ul>"
        "<li>keep its details on this site up to date;</li>"
        "<li>publish a short statement about the Code on its own website;</li>"
        "<li>look at its services against the Code at least once a year, with "
        "the people it supports, and publish what it found;</li>"
        "<li>answer in public, within four weeks, any concern about its "
        "services that we pass on.</li>"
        "</ul>"
        "<p>It matters most for people whose behaviour others find challenging "
        "and people with long-standing, complex needs, who are most at risk "
        "when support goes wrong.</p>"
    ),
    "call_to_action": (
        "Signing up is free. Most organisations complete their first "
        "self-assessment within a year."
    ),
}

REGISTER = {
    "title": "Signatories",
    "intro": (
        "<p>Every organisation here has signed the Driving Up Quality Code. "
        "Each one has its own page with a link to its statement about the Code "
        "and to its most recent self-assessment report.</p>"
    ),
}

ABOUT = {
    "title": "About the Code",
    "summary": "Where the Code came from, who wrote it and how it works.",
    "body": [
        {
            "type": "heading",
            "value": "Written by the sector, for the people it supports",
        },
        {
            "type": "text",
            "value": (
                "<p>The Code was put together in 2013 by the Driving Up Quality "
                "Alliance, a group of provider organisations and umbrella bodies "
                "whose steering group was chaired by the Housing and Support "
                "Alliance. People representing around four in five organisations "
                "in the sector helped to shape it.</p>"
                "<p>It formed part of the sector's response to Winterbourne View "
                "and sat alongside the Winterbourne View Concordat.</p>"
            ),
        },
        {"type": "heading", "value": "What it sets out to do"},
        {
            "type": "text",
            "value": (
                "<ul>"
                "<li>Lift quality above the minimum that regulation requires.</li>"
                "<li>Build enthusiasm for services led by good values.</li>"
                "<li>Be clear about what is acceptable and what is not.</li>"
                "<li>Encourage openness and honesty, including about mistakes.</li>"
                "<li>Celebrate good work and help organisations learn from each "
                "other.</li>"
                "</ul>"
            ),
        },
        {
            "type": "quote",
            "value": (
                "A report that says everything is perfect convinces nobody. The "
                "reports people trust are the ones that say what is still hard."
            ),
        },
    ],
}
