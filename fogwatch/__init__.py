"""Fogwatch: conflict news in, sourced and verifiable event data out."""

from fogwatch.model import Article, ArticleReading
from fogwatch.read.pipeline import read, read_article

__all__ = ["Article", "ArticleReading", "read", "read_article"]
__version__ = "0.1.0"
