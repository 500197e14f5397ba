"""
The demo's Easy Read pages: the Code, and what a notice on a provider's page
means. Short words and sentences, "you" and "we", one idea a line, and a hard
word in bold with its meaning in the next line.
"""

CONCERN_FORM = '<a href="/raise-a-concern/">tell us about a concern</a>'
# A line's picture as the page editor saves it when none is chosen.
NO_PICTURE = {"image": None, "alt_text": "", "decorative": False}


def heading(text):
    return {"type": "heading", "value": text}


def line(html):
    return {"type": "line", "value": {"text": f"<p>{html}</p>", "picture": NO_PICTURE}}


CODE_SLUG = "easy-read"
CODE = {
    "title": "The Code in Easy Read",
    "body": [
        heading("About this page"),
        line("This page is about the <b>Driving Up Quality Code</b>."),
        line("We wrote it in Easy Read."),
        line('You can also <a href="/the-code/">read the whole Code</a>.'),
        heading("What the Code is"),
        line("The Code says what good support looks like."),
        line("It is for services that support people with learning disabilities."),
        line("It is also for services that support autistic people."),
        line("A <b>service</b> is a team of staff who support people."),
        line("Services choose to sign up to the Code."),
        line("Signing up is free."),
        heading("The 5 parts of the Code"),
        line("<b>Part 1</b>: your support is planned around you and what you want."),
        line("<b>Part 2</b>: you live an ordinary life, like anyone else."),
        line("You have a home, friends and things to do that you enjoy."),
        line("<b>Part 3</b>: the service works well with your family."),
        line("It listens to your family and tells them what is happening."),
        line("<b>Part 4</b>: the service has good staff and good managers."),
        line("Staff get training and help to do a good job."),
        line("<b>Part 5</b>: the leaders of the service make sure it is good."),
        line("They are honest when things go wrong."),
        heading("What services promise"),
        line("A service that signs up makes some <b>promises</b>."),
        line("A promise is something you say you will do."),
        line("The service keeps its details on this website up to date."),
        line("It writes about the Code on its own website."),
        line("Every year it checks how well it follows the Code."),
        line("It asks the people it supports and their families to help."),
        line("It writes down what it found in a <b>report</b>."),
        line("A report says what the service does well."),
        line("It also says what the service needs to do better."),
        line("The service puts its report on its page on this website."),
        line("Sometimes a person is worried about a service and tells us."),
        line("We call this a <b>concern</b>."),
        line("We can send the concern to the service."),
        line("The service promises to answer it in public within 4 weeks."),
        heading("If a service does not keep its promises"),
        line("We put a <b>notice</b> on the service’s page."),
        line('Read <a href="/what-a-notice-means/">what a notice on a page means</a>.'),
        heading("Find a service"),
        line('See <a href="/signatories/">the list of services that signed up</a>.'),
        line("Each service on the list has its own page."),
        heading("If you are worried about a service"),
        line("You can tell us."),
        line(f"Use our form to {CONCERN_FORM}."),
    ],
}

NOTICE_SLUG = "what-a-notice-means"
NOTICE = {
    "title": "What a notice on a provider’s page means",
    "body": [
        heading("About this page"),
        line("Every service on our list has its own page."),
        line("Some pages have a <b>notice</b> near the top."),
        line("A notice is a short message from us about the service."),
        line("This page tells you what a notice means."),
        heading("What suspended means"),
        line("Some notices say the service is <b>suspended</b>."),
        line("Suspended means the service has not kept a promise it made."),
        line("The service is still on our list."),
        line("But right now it is not keeping to the Code."),
        heading("Why a service is suspended"),
        line("There are 3 reasons."),
        line("The service did not share its yearly <b>report</b> in time."),
        line("A report says how well the service follows the Code."),
        line("Or the service did not answer a <b>concern</b> in public in 4 weeks."),
        line("A concern is when someone tells us they are worried about a service."),
        line("Or our team suspended the service for another reason."),
        line("The notice says which reason it is."),
        line("We send the service reminders before a report or an answer is late."),
        heading("When the notice comes off"),
        line("The notice comes off when the service does what it promised."),
        line("For example, it shares its report on its page."),
        line("Or it answers the concern in public."),
        line("Then the notice comes off straight away."),
        line("If our team added the notice, our team takes it off."),
        heading("What you can do"),
        line("You can talk to the service about the notice."),
        line("Ask them what they are doing to put things right."),
        line("You can tell our team if you are worried about a service."),
        line(f"Use our form to {CONCERN_FORM}."),
        line("We do not put what you tell us on the website."),
        heading("Other notices"),
        line("Some pages say <b>No longer signed up to the Code</b>."),
        line("This means the service is not part of the Code any more."),
        line("It does not make the Code’s promises any more."),
    ],
}
