"""Concerns raised by the public through the site's form: kept privately for
the Code's team, who can forward one to the provider as a concern."""
