"""The pages about the website itself: about us, how we work, accessibility and the imprint.

``views`` uses only the article views' ``language_links``; the texts are in the templates.
"""
