"""What feed readers and search engines read: the Atom feed, /sitemap.xml, /robots.txt and the
schema.org data (JSON-LD) of article pages.

All four use only the models; the article views embed ``structured_data``.
"""
