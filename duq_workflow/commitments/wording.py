"""Default wording of every email. Editors override any of them in the admin
(Snippets › Email wording); these apply until they do.

Placeholders: {{ provider }}, {{ page_url }}, {{ due_date }}, {{ deadline }},
{{ promised_on }}, {{ reason }}, {{ period_months }}, and the provider's forms:
{{ account_url }}, {{ report_form_url }}, {{ interim_form_url }},
{{ concern_form_url }} (a concern's emails only).
"""

SIGN_OFF = """
If anything here is unclear, just reply to this email and we will help.

The Driving Up Quality team"""

DEFAULTS = {
    "report_reminder_first": (
        "First reminder: report coming up",
        "Your self-assessment report is due on {{ due_date }}",
        """Hello {{ provider }},

A quick reminder: your next Driving Up Quality self-assessment report is due on {{ due_date }}.

When it is ready:
1. Put the report on your own website.
2. Go to {{ report_form_url }} and sign in.
3. Give the report's web address and the date you published it. It then shows on your sign-up page under "Self assessment".

A good report says who took part (people you support, families, staff, managers, the board), how you did it, what people told you, and what you plan to do next, with dates.
"""
        + SIGN_OFF,
    ),
    "report_reminder_second": (
        "Second reminder: report due soon",
        "Due soon: your self-assessment report is due on {{ due_date }}",
        """Hello {{ provider }},

Your Driving Up Quality self-assessment report is due soon, on {{ due_date }}.

To link it: go to {{ report_form_url }}, sign in, and give the report's web address. It then shows on your sign-up page under "Self assessment".

If you are a large organisation and need more time, you can give a short interim update instead: what you have done so far, who has been involved, and when the full report will be ready. Go to {{ interim_form_url }} and sign in.
"""
        + SIGN_OFF,
    ),
    "report_overdue_warning": (
        "Warning: report overdue",
        "Action needed by {{ deadline }}: your page may be marked as suspended",
        """Hello {{ provider }},

We have not yet seen a self-assessment report from you: it was due on {{ due_date }}.

If a report or an interim update is not linked from your sign-up page by {{ deadline }}, your page may be marked as suspended, with a public notice saying "Suspended due to lack of reported activity".

To link your report: go to {{ report_form_url }}, sign in, and give the report's web address.

An interim update is fine if the full report needs longer: say what you have done so far, who has been involved, and when the full report will be published. To give one: go to {{ interim_form_url }} and sign in.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "report_suspended": (
        "Suspension for no report",
        "Your Driving Up Quality page is now marked as suspended",
        """Hello {{ provider }},

We had no self-assessment report or interim update from you by {{ deadline }}, so your sign-up page now shows the notice "Suspended due to lack of reported activity".

The notice comes off as soon as you link a self-assessment report. To link it: go to {{ report_form_url }}, sign in, and give the report's web address.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "report_reinstated": (
        "Suspension lifted after a report",
        "Thank you: the suspension notice has been removed",
        """Hello {{ provider }},

Thank you for linking your self-assessment report. The suspension notice has been taken off your sign-up page, and your next report is due on {{ due_date }}.

Your sign-up page: {{ page_url }}
To see where you stand, sign in at {{ account_url }}
"""
        + SIGN_OFF,
    ),
    "report_suspended_by_editors": (
        "Suspension by the Code's team",
        "Your Driving Up Quality page is now marked as suspended",
        """Hello {{ provider }},

The Driving Up Quality team has marked your sign-up page as suspended, so it now shows the notice "Suspended due to lack of reported activity".

To talk about what happens next, or if you think this is a mistake, reply to this email.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "report_reinstated_by_editors": (
        "Suspension lifted by the Code's team",
        "The suspension notice has been removed from your page",
        """Hello {{ provider }},

The Driving Up Quality team has taken the suspension notice off your sign-up page. Your reporting year starts again today, so your next self-assessment report is due on {{ due_date }}.

When it is ready: go to {{ report_form_url }}, sign in, and give the report's web address.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "report_suspension_lifted_date_corrected": (
        "Suspension lifted: sign-up date corrected",
        "The suspension notice has been removed from your page",
        """Hello {{ provider }},

We have corrected the date you signed up to the Code. From that date, your first self-assessment report is not due until {{ due_date }}, so your page should not have been marked as suspended. We have taken the notice off your sign-up page. We are sorry for the mistake.

When your report is ready: go to {{ report_form_url }}, sign in, and give the report's web address.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "interim_received": (
        "Interim update received",
        "We have your interim update: full report expected by {{ promised_on }}",
        """Hello {{ provider }},

Thank you for your interim update. No suspension notice will be added while we wait for your full report, which we now expect by {{ promised_on }}.

When it is ready: go to {{ report_form_url }}, sign in, and give the report's web address.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "concern_forwarded": (
        "Concern forwarded",
        "A concern about your services: please answer publicly by {{ deadline }}",
        """Hello {{ provider }},

We have passed a concern about your services to you. Signatories of the Code answer concerns publicly, so please publish your response on your website and link it by {{ deadline }}.

To link your response: go to {{ concern_form_url }}, sign in, and give the web address of your response and the date you published it.

If no public response is linked by then, your sign-up page may be marked "Suspended for failure to respond publicly to a service user concern".

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "concern_reminder": (
        "Concern: reminder",
        "One week left to answer a concern publicly (by {{ deadline }})",
        """Hello {{ provider }},

This is a reminder that your public response to the concern we forwarded is due by {{ deadline }}.

To link your response: go to {{ concern_form_url }}, sign in, and give the web address of your response.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "concern_suspended": (
        "Concern: suspension",
        "Your page is marked as suspended: a concern has not been answered",
        """Hello {{ provider }},

We have not received a link to a public response to the concern we forwarded, which was due by {{ deadline }}. Your sign-up page now shows "Suspended for failure to respond publicly to a service user concern".

The notice comes off as soon as the response is linked. To link it: go to {{ concern_form_url }}, sign in, and give the web address of your response.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "concern_lifted": (
        "Concern: suspension lifted",
        "Thank you: the notice about the concern has been removed",
        """Hello {{ provider }},

Thank you for publishing your response. The notice about the concern has been taken off your sign-up page.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "editors_suspended": (
        "Editors: a page was suspended",
        "Suspended: {{ provider }}",
        """{{ provider }}'s page is now marked as suspended ({{ reason }}).

Deadline that passed: {{ deadline }}
Page: {{ page_url }}
""",
    ),
}


def choices():
    return [(kind, label) for kind, (label, _subject, _body) in DEFAULTS.items()]


SAMPLE_VALUES = {
    "provider": "Example Care Trust",
    "page_url": "https://www.example.org/signatories/example-care-trust/",
    "due_date": "31 March 2027",
    "deadline": "30 April 2027",
    "promised_on": "30 June 2027",
    "reason": "no report by the deadline",
    "period_months": 12,
    "account_url": "https://www.example.org/account/",
    "report_form_url": "https://www.example.org/account/report/",
    "interim_form_url": "https://www.example.org/account/interim/",
    "concern_form_url": "https://www.example.org/account/concerns/1/",
}
