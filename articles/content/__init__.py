"""The content/ files and the database: reading and checking them, importing, exporting back.

``checks`` finds mistakes in editor-written Markdown, wherever it comes from: ``files`` calls
it for the files, ``forms`` for the admin's forms (the article and glossary admin use them).
It uses ``rendering`` and, for links to this site, the models. ``files`` also uses the glossary
matcher and touches no database; ``importer`` and ``exporter`` use ``files`` and the models,
and the importer changes what readers see only through ``editorial.workflow``. The
import_content and export_content commands call them; nothing here imports views or admin.
"""
