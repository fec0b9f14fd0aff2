"""The editors' workflow: the article admin's preview, publishing, revisions and checks.

``readability`` uses only ``rendering`` (the models call it on save); ``publishing`` and
``revisions`` use the models; ``admin`` also the article views' ``render_article_page``.
``history`` (the revision pages of any admin with revisions) and ``forms`` (how admin forms
take text) are shared with the glossary's and the feedback's admin.
"""
