"""Default wording of every email. Editors override any of them in the admin
(Snippets › Email wording); these apply until they do.

Placeholders: {{ provider }}, {{ provider_possessive }} ("Oakfield Lives’"),
{{ page_url }}, {{ due_date }}, {{ deadline }}, {{ promised_on }}, {{ reason }},
{{ period_months }}, {{ notice }} (the notice the page shows now, in the
Code's words), {{ public_reason }} (an editor's suspension: the reason shown
on the page), {{ notices_in_force }} (the other notices still on the page,
and what takes each off), and the provider's forms: {{ account_url }},
{{ report_form_url }}, {{ interim_form_url }}, {{ concern_form_url }} (a
concern's emails only), and {{ concern_summary }} (what the Code's team
wrote of the concern for the provider; the email that forwards it).

Where what is true depends on the case, the case has its own kind of email
(an interim update already used: ``_full_report``; another notice still on
the page: ``_other_notice``), so each wording stays true as editors change it.
"""

SIGN_OFF = """
If nobody at {{ provider }} can sign in to the site yet, reply to this email and we will send you an invitation.

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
    "report_overdue_warning_full_report": (
        "Warning: report overdue, interim update already used",
        "Action needed by {{ deadline }}: your page may be marked as suspended",
        """Hello {{ provider }},

We have not yet seen your full self-assessment report. Please link it from your sign-up page by {{ deadline }}.

You have already given an interim update this year, and we can only take one a year. So the next step is the full report. If it is not linked by {{ deadline }}, your page may be marked as suspended, with a public notice saying "Suspended due to lack of reported activity".

To link your report: go to {{ report_form_url }}, sign in, and give the report's web address.

If you cannot finish the report in time, reply to this email and tell us why.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "report_overdue_warning_other_notice": (
        "Warning: report overdue, another notice already on the page",
        "Action needed by {{ deadline }}: your self-assessment report is overdue",
        """Hello {{ provider }},

We have not yet seen a self-assessment report from you: it was due on {{ due_date }}.

Your sign-up page is already marked as suspended, because of this notice:

{{ notices_in_force }}

If a report or an interim update is not linked by {{ deadline }}, your page may also get a second notice: "Suspended due to lack of reported activity".

To link your report: go to {{ report_form_url }}, sign in, and give the report's web address.

An interim update is fine if the full report needs longer: say what you have done so far, who has been involved, and when the full report will be published. To give one: go to {{ interim_form_url }} and sign in.

Your sign-up page: {{ page_url }}
To see where you stand, sign in at {{ account_url }}
"""
        + SIGN_OFF,
    ),
    "report_overdue_warning_full_report_other_notice": (
        "Warning: report overdue, interim update already used, another notice already on the page",
        "Action needed by {{ deadline }}: your self-assessment report is overdue",
        """Hello {{ provider }},

We have not yet seen your full self-assessment report. Please link it from your sign-up page by {{ deadline }}.

Your sign-up page is already marked as suspended, because of this notice:

{{ notices_in_force }}

You have already given an interim update this year, and we can only take one a year. So the next step is the full report. If it is not linked by {{ deadline }}, your page may also get a second notice: "Suspended due to lack of reported activity".

To link your report: go to {{ report_form_url }}, sign in, and give the report's web address.

If you cannot finish the report in time, reply to this email and tell us why.

Your sign-up page: {{ page_url }}
To see where you stand, sign in at {{ account_url }}
"""
        + SIGN_OFF,
    ),
    "report_suspended": (
        "Suspension for no report",
        "Your Driving Up Quality page is now marked as suspended",
        """Hello {{ provider }},

We had no self-assessment report or interim update from you by {{ deadline }}. So your sign-up page now shows the notice "{{ notice }}".

The notice comes off as soon as you link a self-assessment report. To link it: go to {{ report_form_url }}, sign in, and give the report's web address.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "report_suspended_after_interim": (
        "Suspension for no report after an interim update",
        "Your Driving Up Quality page is now marked as suspended",
        """Hello {{ provider }},

Thank you for your interim update. But we did not get your full self-assessment report by {{ deadline }}. So your sign-up page now shows the notice "{{ notice }}".

The notice comes off as soon as you link your full report. To link it: go to {{ report_form_url }}, sign in, and give the report's web address.

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
    "report_reinstated_other_notice": (
        "Report notice lifted, another notice still on the page",
        "Thank you: one notice has been removed, another is still on your page",
        """Hello {{ provider }},

Thank you for linking your self-assessment report. We have taken the notice about your report off your sign-up page. But your page is still marked as suspended, because of this notice:

{{ notices_in_force }}

Your next report is due on {{ due_date }}.

Your sign-up page: {{ page_url }}
To see where you stand, sign in at {{ account_url }}
"""
        + SIGN_OFF,
    ),
    "report_suspended_by_editors": (
        "Suspension by the Code's team",
        "Your Driving Up Quality page is now marked as suspended",
        """Hello {{ provider }},

The Driving Up Quality team has marked your sign-up page as suspended. It now shows the notice "{{ notice }}", with this reason: "{{ public_reason }}"

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

What we were told:
{{ concern_summary }}

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

We have not had a link to your public answer to the concern we sent you. It was due by {{ deadline }}. So your sign-up page now shows the notice "{{ notice }}".

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
    "concern_lifted_other_notice": (
        "Concern notice lifted, another notice still on the page",
        "Thank you: the notice about the concern has been removed, another is still on your page",
        """Hello {{ provider }},

Thank you for publishing your answer. We have taken the notice about the concern off your sign-up page. But your page is still marked as suspended, because of this notice:

{{ notices_in_force }}

Your sign-up page: {{ page_url }}
To see where you stand, sign in at {{ account_url }}
"""
        + SIGN_OFF,
    ),
    "concern_deadline_changed": (
        "Concern: the time to answer changed",
        "A new date to answer a concern: {{ deadline }}",
        """Hello {{ provider }},

We have changed how long providers have to answer a concern. Your new date to answer the concern we sent you is {{ deadline }}.

To answer: publish your answer on your own website, then go to {{ concern_form_url }}, sign in, and give its web address.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "report_received": (
        "Report received",
        "Thank you: we have your report. Your next one is due on {{ due_date }}",
        """Hello {{ provider }},

Thank you for linking your self-assessment report. It now shows on your sign-up page. Your next report is due on {{ due_date }}.

Your sign-up page: {{ page_url }}
To see where you stand, sign in at {{ account_url }}
"""
        + SIGN_OFF,
    ),
    "report_deadline_extended": (
        "Deadline extended by the Code's team",
        "More time: your new deadline is {{ deadline }}",
        """Hello {{ provider }},

We have given you more time. Your new deadline to link your self-assessment report is {{ deadline }}.

To link it: go to {{ report_form_url }}, sign in, and give the report's web address.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "report_deadline_extended_lifted": (
        "Deadline extended by the Code's team, suspension lifted",
        "More time: the notice is off and your new deadline is {{ deadline }}",
        """Hello {{ provider }},

We have given you more time. We have taken the notice about your report off your sign-up page. Your new deadline to link your report is {{ deadline }}.

If your report is not linked by {{ deadline }}, your page may be marked as suspended again.

To link it: go to {{ report_form_url }}, sign in, and give the report's web address.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "interim_extended": (
        "Interim hold extended by the Code's team",
        "More time: your full report is now expected by {{ promised_on }}",
        """Hello {{ provider }},

We have given you more time. We now expect your full self-assessment report by {{ promised_on }}.

When it is ready: go to {{ report_form_url }}, sign in, and give the report's web address.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "report_withdrawn_from_code": (
        "Withdrawn from the Code",
        "You are no longer signed up to the Driving Up Quality Code",
        """Hello {{ provider }},

The Driving Up Quality team has taken you off the Code. Your page now says you are no longer signed up. You do not count among the providers on the register, and we will not send you reminders.

If you want to sign up again, reply to this email. We can put you back on the Code, and your reporting year then starts again from that day.
"""
        + SIGN_OFF,
    ),
    "report_rejoined": (
        "Rejoined the Code",
        "Welcome back: your next report is due on {{ due_date }}",
        """Hello {{ provider }},

You are signed up to the Driving Up Quality Code again. Your reporting year starts today, so your next self-assessment report is due on {{ due_date }}.

When it is ready: go to {{ report_form_url }}, sign in, and give the report's web address.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "concern_answered": (
        "Concern answered",
        "Thank you for answering a concern publicly",
        """Hello {{ provider }},

Thank you for publishing your answer to the concern we sent you. It is linked from your sign-up page. No notice about the concern was shown on your page.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "concern_deadline_extended": (
        "Concern: deadline extended by the Code's team",
        "More time to answer a concern: your new date is {{ deadline }}",
        """Hello {{ provider }},

We have given you more time to answer the concern we sent you. Your new date is {{ deadline }}.

To answer: publish your answer on your own website, then go to {{ concern_form_url }}, sign in, and give its web address.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "concern_deadline_extended_lifted": (
        "Concern: deadline extended by the Code's team, suspension lifted",
        "More time to answer a concern: the notice is off until {{ deadline }}",
        """Hello {{ provider }},

We have given you more time to answer the concern we sent you. We have taken the notice about it off your sign-up page. Your new date is {{ deadline }}.

If no answer is linked by {{ deadline }}, your page may be marked as suspended again.

To answer: publish your answer on your own website, then go to {{ concern_form_url }}, sign in, and give its web address.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "concern_closed": (
        "Concern closed by the Code's team",
        "A concern is closed and its notice is off your page",
        """Hello {{ provider }},

We have closed the concern we sent you. We have taken the notice about it off your sign-up page.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "editors_suspended": (
        "Editors: a page was suspended",
        "Suspended: {{ provider }}",
        """{{ provider_possessive }} page is now marked as suspended ({{ reason }}). It shows the notice "{{ notice }}".

Deadline that passed: {{ deadline }}
Page: {{ page_url }}
""",
    ),
    "concern_deadline_moved": (
        "Concern: more time after a late email",
        "More time to answer a concern: your new deadline is {{ deadline }}",
        """Hello {{ provider }},

Our email passing on a concern about your services reached you later than it should have. You have the full time to answer from when it arrived: your new deadline is {{ deadline }}.

To answer: publish your response on your own website, then go to {{ concern_form_url }}, sign in, and give its web address.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "concern_deadline_moved_from_today": (
        "Concern: more time after a late email, counted from today",
        "More time to answer a concern: your new deadline is {{ deadline }}",
        """Hello {{ provider }},

Our email passing on a concern about your services reached you later than it should have. So that you still have enough time to answer, your new deadline is {{ deadline }}.

To answer: publish your response on your own website, then go to {{ concern_form_url }}, sign in, and give its web address.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "report_deadline_moved": (
        "More time after a late warning",
        "More time: your new deadline is {{ deadline }}",
        """Hello {{ provider }},

Our email warning you that your self-assessment report is overdue reached you later than it should have. So that you have a fair amount of time, your new deadline is {{ deadline }}.

If a report or an interim update is not linked by {{ deadline }}, your page may be marked as suspended.

To link it: go to {{ report_form_url }}, sign in, and give the report's web address. For an interim update, go to {{ interim_form_url }}.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "report_deadline_moved_full_report": (
        "More time after a late warning, interim update already used",
        "More time: your new deadline is {{ deadline }}",
        """Hello {{ provider }},

Our email to say your report is late reached you later than it should have. So that you have a fair amount of time, your new deadline is {{ deadline }}.

You have already given an interim update this year, so we need your full self-assessment report. If it is not linked by {{ deadline }}, your page may be marked as suspended.

To link it: go to {{ report_form_url }}, sign in, and give the report's web address.

Your sign-up page: {{ page_url }}
"""
        + SIGN_OFF,
    ),
    "editors_deadline_moved": (
        "Editors: a deadline moved after a late warning",
        "Deadline moved: {{ provider }}",
        """Our email to {{ provider }} that set a deadline (a warning about its report, or a concern passed on) was delivered too late for that deadline, so the deadline has moved to {{ deadline }} and the provider has been told.

Page: {{ page_url }}
""",
    ),
    "editors_warning_not_delivered": (
        "Editors: a warning was not delivered",
        "Not suspended, warning not delivered: {{ provider }}",
        """{{ provider_possessive }} deadline ({{ deadline }}) has passed, but our email that set it (a warning about its report, or a concern passed on) has not been delivered, so the page is not marked as suspended.

Look at the email under Commitments › Emails. If the address is wrong, correct the provider's contact email and send the email again. Once it is delivered, the provider gets a fresh deadline.

Page: {{ page_url }}
""",
    ),
}


# What each message has to say, by kind: an editor's wording may use these
# placeholders and no others (a reminder has no promised date to give).
EVERY = ("provider", "provider_possessive", "page_url", "account_url", "period_months")
REPORT = (*EVERY, "report_form_url", "interim_form_url", "due_date")
WARNED = (*REPORT, "deadline")
CONCERN = (*EVERY, "concern_form_url")
CONCERN_DUE = (*CONCERN, "deadline")

PLACEHOLDERS = {
    "report_reminder_first": REPORT,
    "report_reminder_second": REPORT,
    "report_overdue_warning": WARNED,
    "report_overdue_warning_full_report": WARNED,
    "report_overdue_warning_other_notice": (*WARNED, "notices_in_force"),
    "report_overdue_warning_full_report_other_notice": (
        *WARNED,
        "notices_in_force",
    ),
    "report_suspended": (*WARNED, "notice"),
    "report_suspended_after_interim": (*WARNED, "notice"),
    "report_reinstated": REPORT,
    "report_reinstated_other_notice": (*REPORT, "notices_in_force"),
    "report_suspended_by_editors": (*REPORT, "notice", "public_reason"),
    "report_reinstated_by_editors": REPORT,
    "report_suspension_lifted_date_corrected": REPORT,
    "interim_received": (*REPORT, "promised_on"),
    "concern_forwarded": (*CONCERN_DUE, "concern_summary"),
    "concern_reminder": CONCERN_DUE,
    "concern_suspended": (*CONCERN_DUE, "notice"),
    "concern_lifted": CONCERN,
    "concern_lifted_other_notice": (*CONCERN, "notices_in_force"),
    "concern_deadline_changed": CONCERN_DUE,
    "report_received": REPORT,
    "report_deadline_extended": WARNED,
    "report_deadline_extended_lifted": WARNED,
    "interim_extended": (*REPORT, "promised_on"),
    "report_withdrawn_from_code": EVERY,
    "report_rejoined": REPORT,
    "concern_answered": CONCERN,
    "concern_deadline_extended": CONCERN_DUE,
    "concern_deadline_extended_lifted": CONCERN_DUE,
    "concern_closed": CONCERN,
    "editors_suspended": (*EVERY, "deadline", "notice", "reason"),
    "concern_deadline_moved": CONCERN_DUE,
    "concern_deadline_moved_from_today": CONCERN_DUE,
    "report_deadline_moved": WARNED,
    "report_deadline_moved_full_report": WARNED,
    "editors_deadline_moved": (*EVERY, "deadline"),
    "editors_warning_not_delivered": (*EVERY, "deadline"),
}


def placeholders_for(kind):
    """The placeholders a message of ``kind`` may use (every one, for a kind
    not yet chosen)."""
    return PLACEHOLDERS.get(kind, tuple(SAMPLE_VALUES))


def sample_values_for(kind):
    return {name: SAMPLE_VALUES[name] for name in placeholders_for(kind)}


def choices():
    return [(kind, label) for kind, (label, _subject, _body) in DEFAULTS.items()]


SAMPLE_VALUES = {
    "provider": "Example Care Trust",
    "page_url": "https://www.example.org/signatories/example-care-trust/",
    "due_date": "31 March 2027",
    "deadline": "30 April 2027",
    "promised_on": "30 June 2027",
    "reason": "no report by the deadline",
    "provider_possessive": "Example Care Trust\u2019s",
    "notice": "Suspended due to lack of reported activity",
    "public_reason": "The statement about the Code was taken off the website.",
    "notices_in_force": "\u201cSuspended for failure to respond publicly to a "
    "service user concern\u201d. It comes off as soon as you link your public "
    "answer to the concern.",
    "period_months": 12,
    "account_url": "https://www.example.org/account/",
    "report_form_url": "https://www.example.org/account/report/",
    "interim_form_url": "https://www.example.org/account/interim/",
    "concern_form_url": "https://www.example.org/account/concerns/1/",
    "concern_summary": "A parent told us that staff at one house did not let "
    "her son go out for a week.",
}
