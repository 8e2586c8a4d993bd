"""Analyst review: corrections as data, never as edits of the reader's output.

- :mod:`fogwatch.store.review.service`: what a reviewer can do (recode, fix a figure, judge a
  claim, merge, split, mark), each one checked transaction appended to the review log;
- :mod:`fogwatch.store.review.apply`: the one function that applies reviews to what the
  reader made, used by every event the store writes;
- :mod:`fogwatch.store.review.constraints`: merges and splits as must-link / cannot-link;
- :mod:`fogwatch.store.review.log`: finding targets again after rebuilds and re-reads;
- :mod:`fogwatch.store.review.tokens`: API tokens with roles, stored hashed.
"""

from fogwatch.store.review.service import Reviews, place_fields, public
from fogwatch.store.review.tokens import Principal
from fogwatch.store.review.validate import Conflict, NotFound, ReviewError

__all__ = ["Conflict", "NotFound", "Principal", "ReviewError", "Reviews", "place_fields", "public"]
