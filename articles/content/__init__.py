"""The content/ files and the database: reading and checking them, importing, exporting back.

``files`` uses ``rendering`` and the glossary matcher and touches no database; ``importer`` and
``exporter`` use ``files`` and the models, and the importer changes what readers see only
through ``editorial.workflow``. The import_content and export_content commands call them;
nothing here imports views or admin.
"""
