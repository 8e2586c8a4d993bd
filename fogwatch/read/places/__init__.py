"""Places: toponyms found in the text, resolved against the gazetteer in context.

Two sources of toponyms:

- spaCy's entities: GPE, LOC and FAC always; ORG, PERSON, DATE and NORP only where the
  whole entity is a gazetteer name in a place-like position (the small model tags
  "Quetta" as ORG and "Turbat" as DATE);
- capitalised word n-grams that are gazetteer names, for the small towns NER misses,
  kept only in a place-like position ("in X", "near X", "X district", "X (Kech,
  Balochistan)") and never when the name is a common word or first name
  (``stop_words`` in ``fogwatch/data/places.yaml``).

Each toponym is resolved to the gazetteer entry that best fits its context: the admin
units written next to it ("Buleda (Kech, Balochistan)", "Mand, Kech district"), the
feature word after it ("district", "province", "town"), the article's dominant
country and admin1s, population and feature type. A toponym the gazetteer does not
know is first looked for under other spellings: inside the division written next to
it ("Qaser Bin Ghashir (Tripoli)" is GeoNames' "Qasr Bin Ghashir"), else as a
transliteration variant ("Pervomaisk" / "Pervomaysk") in the article's country. If
that fails it keeps only what its context says (admin2, admin1, country); nothing is
invented. A report whose wording ties it to a region (``region_hints`` in places.yaml:
"OSCE SMM" for Donetsk and Luhansk) places a village the gazetteer cannot find there in
the region, never at a small namesake in another province: in its admin1 where the text
says which one, else in its country with no admin1. A sizeable town
or a named district unique in its country keeps its own admin1 when the text writes
another province of that country ("Zhari district, Balkh" is Kandahar's Zhari).

Roles: "event" (after "in"/"at"/"near"/"attacked"... in a sentence with a violence,
security or protest cue), "measure" (a sentence about curfews, shutdowns, sealing),
"background" (history and geography), else "mention".

:func:`event_location` picks where the primary event happened, with ACLED's
``geo_precision`` (1 the town, 2 near it or only its district known, 3 only the
province known).

Three steps, one module each: :mod:`.mentions` finds the toponyms of a sentence,
:mod:`.resolve` resolves them against the gazetteer in context and gives each its role,
:mod:`.location` chooses where the primary event happened. :mod:`.vocab` holds what
they share: the words, weights and cut-offs of ``places.yaml`` and the mention itself.
"""

from fogwatch.read.places.location import event_location
from fogwatch.read.places.resolve import find, recognise

__all__ = ["event_location", "find", "recognise"]
