"""Words for the pages every public site owes its readers: how to contact us,
the privacy notice and the accessibility statement. Linked from the footer."""

EMAIL = "code@drivingupquality.org.uk"
MAILTO = f'<a href="mailto:{EMAIL}">{EMAIL}</a>'


def text(*paragraphs):
    return {"type": "text", "value": "".join(paragraphs)}


def heading(words):
    return {"type": "heading", "value": words}


CONTACT = {
    "title": "Contact us",
    "summary": "How to reach the Code's team, and what we can help with.",
    "search_description": (
        "Email the Driving Up Quality Code's team about signing up, your "
        "organisation's page, a concern or this website."
    ),
    "body": [
        text(
            f"<p>Email us at {MAILTO}. A person on the Code's team will read "
            "your message and reply.</p>"
        ),
        heading("What we can help with"),
        text(
            "<ul>"
            "<li>Signing up to the Code, or leaving it.</li>"
            "<li>Your organisation's page, its reports and any notice on it.</li>"
            "<li>A concern about an organisation that has signed the Code.</li>"
            "<li>Something on this website that is wrong or hard to use.</li>"
            "</ul>"
        ),
        heading("If someone is in danger"),
        text(
            "<p>We cannot act in an emergency. If someone is in danger now, "
            "call 999. If you are worried about how someone is being treated, "
            "you can also tell the local council's adult social care team.</p>"
        ),
        heading("Providers"),
        text(
            "<p>If your organisation has signed up, you can sign in to see "
            "where you stand, link reports and change your page yourself. "
            "Use the link at the bottom of every page.</p>"
        ),
    ],
}

PRIVACY = {
    "title": "Privacy notice",
    "summary": (
        "What this website keeps about you, why we keep it, for how long, and "
        "who to ask about it."
    ),
    "search_description": (
        "What the Driving Up Quality Code's website keeps about people, why, "
        "for how long, and who to ask."
    ),
    "body": [
        text(
            "<p>This notice is about the information this website keeps. "
            "The Code's team looks after it. You can ask us about it at any "
            f"time: email {MAILTO}.</p>"
        ),
        heading("What we keep and why"),
        text(
            "<ul>"
            "<li><b>Organisations' contact details.</b> Each organisation that "
            "signs up gives us an email address. We use it to remind them when "
            "a report is due and to pass on concerns. It is never shown on the "
            "website.</li>"
            "<li><b>Sign-in accounts.</b> For each person who signs in for an "
            "organisation we keep their name, email address and password. The "
            "password is stored scrambled, so nobody can read it, not even "
            "us. We also keep a record of each sign-in, and of each wrong "
            "password, with the internet address and web browser it came "
            "from. This helps us stop people guessing passwords.</li>"
            "<li><b>Concerns.</b> If you tell us about a concern, we keep what "
            "you tell us and how to reply to you. We use it to look into the "
            "concern and to pass a summary on to the organisation. We write "
            "the summary ourselves. We do not show a concern on the website. "
            "</li>"
            "<li><b>Emails.</b> We keep a copy of each email this website "
            "sends, and whether it arrived. This shows what we told each "
            "organisation, and when.</li>"
            "</ul>"
            "<p>What organisations put on their own page, such as their name, "
            "website and reports, is public. That is the point of the "
            "register.</p>"
        ),
        heading("How long we keep it"),
        text(
            "<p>We keep an organisation's details, accounts and emails while "
            "it is on the register. A page that has left the Code stays on the "
            "register, marked as no longer signed up. Ask us and we will "
            "delete the contact details and accounts that go with it.</p>"
            "<p>When you tell us about a concern, we delete what you told us, "
            "and how to reply to you, a year after it reached us. If we passed "
            "the concern on, the summary we wrote ourselves stays with the "
            "organisation's record.</p>"
            "<p>A request to sign up that is never confirmed is replaced if the "
            "same email address signs up again.</p>"
        ),
        heading("Cookies"),
        text(
            "<p>This website sets a cookie only when you sign in or fill in a "
            "form. The cookie keeps you signed in and keeps forms safe. We do "
            "not use cookies to track you, and we do not use advertising or "
            "analytics services.</p>"
        ),
        heading("Your rights"),
        text(
            "<p>You can ask to see what we keep about you, to have it "
            "corrected, or to have it deleted. Email us and we will reply. If "
            "you are not happy with our answer, you can complain to the "
            "Information Commissioner's Office.</p>"
        ),
    ],
}

ACCESSIBILITY = {
    "title": "Accessibility statement",
    "summary": (
        "How well this website works for everyone, how we check it, and how "
        "to tell us about a problem."
    ),
    "search_description": (
        "How the Driving Up Quality Code's website meets WCAG 2.2 AA, how we "
        "test it, and how to report a problem."
    ),
    "body": [
        text(
            "<p>We want everyone to be able to use this website, including "
            "people with learning disabilities and autistic people. We want "
            "you to be able to:</p>"
            "<ul>"
            "<li>use every page with a keyboard alone;</li>"
            "<li>use the website with a screen reader;</li>"
            "<li>use it on a phone as well as a computer.</li>"
            "</ul>"
        ),
        heading("The standard we aim for"),
        text(
            "<p>We aim to meet the Web Content Accessibility Guidelines "
            "(WCAG) version 2.2 at level AA.</p>"
        ),
        heading("How we check it"),
        text(
            "<ul>"
            "<li>Every time the website changes, automatic tests open the main "
            "pages in a real web browser, on a computer screen and on a phone "
            "screen, and check them with axe, a tool that finds accessibility "
            "problems. A change is not accepted while axe finds a "
            "problem.</li>"
            "<li>The tests also use the keyboard alone: the link that skips to "
            "the main content, signing up, and the Code's team approving a "
            "sign-up.</li>"
            "<li>We write in plain words and short sentences.</li>"
            "</ul>"
        ),
        heading("What we know is not right yet"),
        text(
            "<ul>"
            "<li>Reports and statements are on organisations' own websites. "
            "We link to them but we cannot check them. Some may be documents "
            "that are hard to read with a screen reader.</li>"
            "<li>Automatic tests cannot find every problem. A person has not "
            "yet checked every page with a screen reader.</li>"
            "</ul>"
        ),
        heading("Tell us about a problem"),
        text(
            "<p>If something on this website is hard to use, or you need "
            f"something in a different format, email {MAILTO}. Tell us the "
            "page and what went wrong. We will reply and tell you what we "
            "will do about it.</p>"
        ),
        heading("About this statement"),
        text(
            "<p>We wrote this statement on 2 December 2026. We will look at it "
            "again whenever the website changes in a big way.</p>"
        ),
    ],
}

# The footer's links, in order: (slug of a page under the home page, label).
FOOTER = [
    ("the-code", "The Code"),
    ("faq", "Questions and answers"),
    ("signatories", "Signatories"),
    ("contact", "Contact us"),
    ("privacy", "Privacy notice"),
    ("accessibility", "Accessibility statement"),
]
