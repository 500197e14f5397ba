"""The pages that every public page links to around its own content, read in
one SQL query: the home page's live children shown in menus, the live pages
of the site's footer links, the live Easy Read pages chosen for the site, and
the first live FAQ page.

Why SQL: without a shared cache these links are read on every request. As
four ORM queries they took 4 ms of a request (8 ms under load), nearly all of
it the ORM building each query and its model instances, not the database;
as this one query, its text built once per kind of database, they take
0.7 ms with their addresses (0.4 ms the query). The SQL names tables and
columns only through the models' ``_meta``, and every value is a query
parameter.

Each row is a ``Page`` carrying only its id, title and address (``url_path``,
all that ``Page.get_url`` reads), with ``part`` (which of the parts it is
for) and ``label`` (a footer link's own words, or "").
"""

import functools

from django.db import connection
from wagtail.models import Page

from .models import EasyReadPages, FAQPage, FooterLink, FooterLinks

MENU, FOOTER, FAQ = "menu", "footer", "faq"
EASY_READ_CODE, EASY_READ_NOTICE = "easy-read-code", "easy-read-notice"


def read(site):
    """The link rows for ``site``, each part's in its own order: the menu's
    in the tree's order, the footer's in the order editors set."""
    root = site.root_page
    # The children's paths, as treebeard bounds them.
    ends = (Page.alphabet[0], Page.alphabet[-1])
    first, last = (root.path + end * root.steplen for end in ends)
    params = [first, last, root.depth + 1, site.pk, site.pk, site.pk]
    return list(Page.objects.raw(_sql(connection.vendor), params))


# Each part's rows: the part, the page's id, title, address and tree path,
# and for a footer link its label and its place in the editors' order.
SQL = """
SELECT '{menu}' AS part, p.{id}, p.{title}, p.{url_path}, '' AS label,
       0 AS link_order, 0 AS link_id, p.{path}
  FROM {page} p
 WHERE p.{path} BETWEEN %s AND %s AND p.{depth} = %s
   AND p.{live} AND p.{show_in_menus}
UNION ALL
SELECT '{footer}', p.{id}, p.{title}, p.{url_path}, l.{label},
       l.{sort_order}, l.{link_id}, p.{path}
  FROM {link} l
  JOIN {footer_table} f ON f.{footer_id} = l.{link_footer}
  JOIN {page} p ON p.{id} = l.{link_page}
 WHERE f.{footer_site} = %s AND p.{live}
UNION ALL
SELECT '{easy_read_code}', p.{id}, p.{title}, p.{url_path}, '', 0, 0, p.{path}
  FROM {easy_read} s JOIN {page} p ON p.{id} = s.{code_page}
 WHERE s.{easy_site} = %s AND p.{live}
UNION ALL
SELECT '{easy_read_notice}', p.{id}, p.{title}, p.{url_path}, '', 0, 0, p.{path}
  FROM {easy_read} s JOIN {page} p ON p.{id} = s.{notice_page}
 WHERE s.{easy_site} = %s AND p.{live}
UNION ALL
SELECT '{faq}', p.{id}, p.{title}, p.{url_path}, '', 0, 0, p.{path}
  FROM {page} p
 WHERE p.{id} = (SELECT MIN(f.{faq_page}) FROM {faq_table} f
                   JOIN {page} q ON q.{id} = f.{faq_page} WHERE q.{live})
 ORDER BY part, link_order, link_id, {path}
"""


@functools.cache
def _sql(vendor):
    """The query with its tables' and columns' names quoted for this kind of
    database, built once."""
    q = connection.ops.quote_name

    def table(model):
        return q(model._meta.db_table)

    def column(model, name):
        return q(model._meta.get_field(name).column)

    page_columns = ("id", "title", "url_path", "path", "depth", "live", "show_in_menus")
    names = {
        "page": table(Page),
        "link": table(FooterLink),
        "footer_table": table(FooterLinks),
        "easy_read": table(EasyReadPages),
        "faq_table": table(FAQPage),
        **{name: column(Page, name) for name in page_columns},
        "label": column(FooterLink, "label"),
        "sort_order": column(FooterLink, "sort_order"),
        "link_id": column(FooterLink, "id"),
        "link_page": column(FooterLink, "page"),
        "link_footer": column(FooterLink, "footer"),
        "footer_id": column(FooterLinks, "id"),
        "footer_site": column(FooterLinks, "site"),
        "easy_site": column(EasyReadPages, "site"),
        "code_page": column(EasyReadPages, "code_page"),
        "notice_page": column(EasyReadPages, "notice_page"),
        "faq_page": q(FAQPage._meta.pk.column),
        "menu": MENU,
        "footer": FOOTER,
        "easy_read_code": EASY_READ_CODE,
        "easy_read_notice": EASY_READ_NOTICE,
        "faq": FAQ,
    }
    return SQL.format(**names)
