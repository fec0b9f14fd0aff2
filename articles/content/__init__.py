"""The content/ files and the database: reading and checking them, importing, exporting back.

``files`` touches no database; ``importer`` and ``exporter`` use it and the models. Nothing here
imports views or admin; the management commands import_content and export_content call it.
"""
