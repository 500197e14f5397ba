"""Questions and answers for the demo FAQ, in the project's own words."""

from duq_workflow.commitments.causes import HELP_ANCHOR

TITLE = "Questions and answers"

INTRO = (
    "<p>Answers to the questions organisations ask most often about signing up, "
    "reporting and what happens when a report is late.</p>"
)

QUESTIONS = [
    {
        "question": "Who can sign up to the Code?",
        "anchor": "who-can-sign-up",
        "answer": (
            "<p>Any organisation that supports people with learning "
            "disabilities or autistic people: large national charities, small "
            "local providers, housing associations and social enterprises. It "
            "is written with services for people with complex needs, and people "
            "whose behaviour others find challenging, especially in mind.</p>"
        ),
    },
    {
        "question": "Why should our organisation sign up?",
        "anchor": "why-sign-up",
        "answer": (
            "<p>Signing up tells the people you support, their families and "
            "commissioners that you are willing to look honestly at your "
            "services and to say in public what you find. Organisations tell "
            "us that the self-assessment gives staff, families and people who "
            "use services a real voice, and helps them decide what to improve "
            "next.</p>"
            "<p>Some providers have mentioned their work on the Code when the "
            "Care Quality Commission rated them outstanding, and open reporting "
            "is a practical way of showing your duty of candour.</p>"
        ),
    },
    {
        "question": "What does it cost?",
        "anchor": "cost",
        "answer": (
            "<p>Nothing. Signing up is free and there is no yearly fee. What it "
            "asks for is time: the time it takes to look at your services "
            "properly with the people involved.</p>"
        ),
    },
    {
        "question": "How do we sign up?",
        "anchor": "how-do-we-sign-up",
        "answer": (
            '<p>Fill in the <a href="/sign-up/">sign-up form</a> with your '
            "organisation's name, a working website address and an email "
            "address we can reach you on, and agree to each commitment. We "
            "email you a link to confirm your address. Once we have checked "
            "your details, your page appears in the register and we email "
            "you. Then publish a short statement about the Code on your own "
            "website, sign in, and add a link to it from your page.</p>"
        ),
    },
    {
        "question": "Is the Code an inspection or a rating?",
        "anchor": "inspection-or-rating",
        "answer": (
            "<p>No. Nobody inspects you and there is no pass or fail. The Code "
            "rests on self-assessment: you look at your own services, with the "
            "people who use them, and you publish what you found and what you "
            "will do about it.</p>"
        ),
    },
    {
        "question": "What is a self-assessment report?",
        "anchor": "what-is-a-report",
        "answer": (
            "<p>It is a document, on your own website, describing how you "
            "looked at your services against the five sections of the Code, "
            "what you found and what you plan to change. It can cover every "
            "section or look at one in depth. You add a link to it under "
            "\u201cSelf assessment\u201d on your page here.</p>"
        ),
    },
    {
        "question": "How often do we need to report?",
        "anchor": "how-often",
        "answer": (
            "<p>At least once every 12 months. The first report is due 12 "
            "months after you sign up; after that, each report is due 12 "
            "months after the one before. We send reminders before the date "
            "comes round.</p>"
        ),
    },
    {
        "question": "What does a good report look like?",
        "anchor": "good-report",
        "answer": (
            "<p>The most useful reports:</p>"
            "<ul>"
            "<li>say who took part, for example people who use the service, "
            "families, commissioners, front-line staff, managers and board "
            "members or trustees;</li>"
            "<li>explain how you did it, for example through meetings, "
            "surveys or interviews;</li>"
            "<li>go beyond ticking boxes on the self-assessment tool, and "
            "describe what people actually said;</li>"
            "<li>include quotes from the people involved;</li>"
            "<li>end with an action plan that says what you will do about the "
            "things that are still difficult, and by when.</li>"
            "</ul>"
        ),
    },
    {
        "question": "Should we include our weaknesses?",
        "anchor": "include-weaknesses",
        "answer": (
            "<p>Yes. Being open about what is not yet good enough is the whole "
            "point. Every service has things to work on, so a report that "
            "claims everything is perfect is hard to believe. Readers trust a "
            "report that names its problems and says how they will be "
            "tackled.</p>"
        ),
    },
    {
        "question": "We've had an email saying our page may be marked as suspended. "
        "What should we do?",
        "anchor": "suspension-warning-email",
        "answer": (
            "<p>The email means we can't see a self-assessment report linked "
            "from your page within the last 12 months. Add a link to your "
            "latest report under \u201cSelf assessment\u201d on your page by "
            "the date given in the email: the end of the month, or the end "
            "of the next month if that is less than two weeks away. If you "
            "do, nothing else happens.</p>"
            "<p>If nothing is linked by then, your page will show the notice "
            "\u201cSuspended due to lack of reported activity\u201d until a "
            "report is added.</p>"
        ),
    },
    {
        "question": "We are a large organisation and can't finish our report in "
        "time. What can we do?",
        "anchor": "interim-update",
        "answer": (
            "<p>Link a brief interim update instead. Say what you have done so "
            "far, who has been involved and when the full report will be "
            "published. With an interim update in place, no suspension notice "
            "is added while you finish the work, up to the date you give (for "
            "at most three months). One interim update can be used in each "
            "reporting year.</p>"
        ),
    },
    {
        "question": "What happens if someone raises a concern about our services?",
        "anchor": "concerns",
        "answer": (
            "<p>If we receive a concern about your services from someone else, "
            "we forward it to you. We ask you to respond in public, for example "
            "on your website, within four weeks, and to link the response from "
            "your page. If there is no public response after four weeks, your "
            "page will show the notice \u201cSuspended for failure to respond "
            "publicly to a service user concern\u201d.</p>"
        ),
    },
    {
        "question": "How is a suspension lifted?",
        "anchor": "lifting-a-suspension",
        "answer": (
            "<p>Link what is missing. When you add a new self-assessment "
            "report, the notice about reporting comes off your page, and your "
            "next report is due 12 months after the date of that report. When "
            "you link a public response to a concern, the notice about that "
            "concern comes off; your reporting dates stay as they were. If the "
            "Code's team suspended your page, they lift the notice when the "
            "problem is put right.</p>"
        ),
    },
    {
        "question": "What does it mean when an organisation is suspended?",
        "anchor": HELP_ANCHOR,
        "answer": (
            "<p>Organisations that sign the Code make promises. They promise "
            "to check their support with the people they support and their "
            "families, and to share what they find. They promise to answer "
            "worries about their support in public.</p>"
            "<p>A suspension notice means the organisation has not kept one "
            "of these promises. The notice says which one, and the date it "
            "started.</p>"
            "<p>A notice is not a judgement on whether the support is safe or "
            "good. It means the organisation has not been as open as the Code "
            "asks. You can ask the organisation about it.</p>"
            "<p>The notice comes off as soon as the organisation puts things "
            "right.</p>"
        ),
    },
    {
        "question": "How do we keep our page up to date?",
        "anchor": "keeping-up-to-date",
        "answer": (
            "<p>Sign in and edit your page whenever something changes: a new "
            "website address, a new contact email, new regions or new kinds of "
            "service. Your contact email is never shown on the site; we only "
            "use it to write to you about the Code.</p>"
        ),
    },
]
