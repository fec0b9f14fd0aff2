"""What search reads: each searchable text once per language and the words of the site.

Only ``articles.search.index`` writes and reads these tables, in SQL, because each database
indexes them its own way (migration 0012): PostgreSQL a stored ``tsvector`` per entry and a
trigram index of the words, SQLite full-text tables kept in step by triggers. They are models
so that migrations make them and Django's ``flush`` empties them with everything else.
"""

from django.db import models


class SearchEntry(models.Model):
    """A published article or a glossary term in one language, as search finds and shows it.

    Written whenever the article or term is saved; working copies, drafts and untranslated
    languages have none. ``text`` is what readers see of it, for snippets; the ``indexed_``
    columns hold the same words folded (``text.index_text``), word for word.
    """

    kind = models.CharField(max_length=10)
    object_id = models.BigIntegerField()
    language = models.CharField(max_length=8)
    title = models.TextField()
    text = models.TextField()
    indexed_title = models.TextField()
    indexed_summary = models.TextField()
    indexed_body = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="unique_search_entry"
            )
        ]
        default_permissions = ()

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.language})"


class SearchWord(models.Model):
    """A word of the site's searchable texts in one language, for spelling suggestions.

    ``word`` is folded (case and accents ignored), ``spelling`` the form the texts use, and
    ``documents`` how many entries contain it: a word no entry contains any more is removed.
    """

    language = models.CharField(max_length=8)
    word = models.CharField(max_length=60)
    spelling = models.CharField(max_length=100)
    documents = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="unique_search_word")
        ]
        default_permissions = ()

    def __str__(self):
        return f"{self.spelling} ({self.language})"
