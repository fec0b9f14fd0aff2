"""The editors' workflow: the article admin's preview, publishing, revisions and checks.

``readability`` uses only ``rendering`` (the models call it on save); ``publishing`` and
``revisions`` use the models; ``admin`` also the article views' ``render_article_page``.
"""
