from wagtail.admin.forms import WagtailAdminPageForm


class SlugFromTitlePageForm(WagtailAdminPageForm):
    """A page form whose slug may be left empty: the page then takes one
    made from its title when it is saved, as Wagtail's models do. In the
    browser, the title fills the slug as it is typed; without this, a page
    added with no slug (a browser without scripts, a slug cleared by hand)
    fails with an error on the Promote tab, which the editor cannot see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
