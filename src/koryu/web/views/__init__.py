"""Views of the HTML pages, one small module per page family."""
