"""Entity recognition with the pipeline's own NER weights, decoded a step for all docs at once.

spaCy's recogniser is a greedy transition system over BILUO moves: at token ``t`` a
state (is an entity open, where it started, its label) picks the best-scoring valid
move, and every move consumes exactly one token. Its compiled loop scores and checks
one state at a time; in the pinned spaCy build each validity check also takes the
GIL, so on news text about 60% of NER time is that loop, not the network.

Because every move consumes one token, all states of a batch advance in lockstep:
step ``t`` reads token ``t`` of every doc still longer than ``t``. :class:`Recogniser`
runs the same network (the model's tok2vec, its precomputed lower layer, its upper
layer, through thinc's ops as spaCy does) and the same validity rules, but as a few
array operations per step over every active state, and writes the same entities.

Nothing about the model is assumed silently: :func:`build` returns None (and the
caller keeps spaCy's component) unless the model has the layout this decoder reads,
and it checks itself against spaCy on a few sentences before it is used. The tests
compare both on real articles.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

# move kinds, by the prefix of spaCy's class names ("B-GPE", "U-ORG", "O")
_OUT, _BEGIN, _IN, _LAST, _UNIT = 0, 1, 2, 3, 4
_KINDS = {"B": _BEGIN, "I": _IN, "L": _LAST, "U": _UNIT}

# Sentences written for the self-check (several labels, multi-token entities, a
# sentence break inside one text, whitespace tokens, a one-token text).
_PROBE = (
    "Gunmen killed 12 soldiers near Quetta, Balochistan, on Tuesday, the army said.",
    "The Baloch Liberation Army said it carried out the attack in Turbat at 3 pm.",
    "Police in New Delhi arrested 40 protesters.  The Interior Ministry denied it.",
    "Reuters",
    "On 5 May 2020, al-Shabaab fighters attacked an AMISOM base in Lower Shabelle\n"
    "and the Somali National Army said two of its men died.",
)


class Recogniser:
    """Greedy BILUO decoding of a spaCy ``ner`` component's model, vectorised over docs."""

    def __init__(self, ner: Any, vocab: Any) -> None:
        model = ner.model
        self.tok2vec = model.get_ref("tok2vec")
        self.lower = model.get_ref("lower")
        upper = model.get_ref("upper")
        self.ops = model.ops
        self.upper_w = upper.get_param("W")
        self.upper_b = upper.get_param("b")
        self.lower_b = self.lower.get_param("b").reshape(-1)
        self.n_hidden = self.lower.get_dim("nO")
        self.n_pieces = self.lower.get_dim("nP")
        names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        kinds, labels = [], []
        for name in names:
            prefix, _, label = name.partition("-")
            kinds.append(_OUT if name == "O" else _KINDS[prefix])
            labels.append(vocab.strings.add(label) if label else 0)
        self.kind = np.array(kinds, dtype=np.int8)
        self.label = np.array(labels, dtype=np.uint64)
        labelled = self.label != 0  # "U-" (no label) is only for preset blocked tokens
        # What a state may do depends only on: the open entity's label (none when
        # closed), whether the next token ends any entity (the doc's last token, or one
        # before a sentence break) and whether the next token is whitespace. So the
        # valid moves are one row of a table, as 0 (valid) or -inf added to the scores.
        entity_labels = sorted({lab for lab in labels if lab})
        label_index = {lab: i for i, lab in enumerate(entity_labels, start=1)}
        begin, in_, last = ((self.kind == k) & labelled for k in (_BEGIN, _IN, _LAST))
        unit, out = (self.kind == _UNIT) & labelled, self.kind == _OUT
        rows = []
        for open_label in [0, *entity_labels]:
            for ends in (False, True):
                for blank in (False, True):
                    if open_label:
                        valid = ((in_ & (not ends)) | last) & (self.label == open_label)
                    else:
                        valid = (begin & (not (ends or blank))) | (unit & (not blank)) | out
                    rows.append(np.where(valid, 0.0, -np.inf).astype(np.float32))
        self.mask = np.stack(rows)
        self.class_index = np.array([label_index.get(lab, 0) for lab in labels],
                                    dtype=np.int64)

    def __call__(self, docs: Sequence[Any]) -> None:
        """Set ``doc.ents`` on every doc (none of which may carry entity annotation yet)."""
        from spacy.attrs import IS_SPACE, SENT_START
        from spacy.tokens import Span

        work = [d for d in docs if len(d)]
        if not work:
            return
        lengths = np.array([len(d) for d in work], dtype=np.int64)
        offsets = np.zeros(len(work), dtype=np.int64)
        np.cumsum(lengths[:-1], out=offsets[1:])
        # rows of the lower layer's output: 0 is its padding, token i of the batch is i + 1
        cached = self.lower.predict(self.tok2vec.predict(work))
        cached = cached.reshape(cached.shape[0], cached.shape[1], -1)
        space = np.concatenate([d.to_array(IS_SPACE) for d in work]).astype(bool)
        starts = np.concatenate([d.to_array(SENT_START) for d in work])
        # a token whose successor starts a sentence (the parser's, when it ran first)
        # ends any entity; the last token of a doc has no successor
        before_break = np.zeros(len(space), dtype=bool)
        before_break[:-1] = starts[1:] == 1
        before_break[offsets + lengths - 1] = False

        # states ordered longest doc first, so the docs still active are a prefix
        order = np.argsort(-lengths, kind="stable")
        length, offset = lengths[order], offsets[order]
        n = len(work)
        is_open = np.zeros(n, dtype=bool)
        ent_start = np.zeros(n, dtype=np.int64)
        open_label = np.zeros(n, dtype=np.int64)  # index of the open entity's label, 0: none
        found: list[tuple[np.ndarray, ...]] = []
        negative_length = -length
        pieces = self.n_pieces
        for t in range(int(length[0])):
            k = int(np.searchsorted(negative_length, -t, side="left"))  # docs longer than t
            tok = offset[:k] + t
            open_ = is_open[:k]
            # features: the next token, the open entity's first token and the token before
            first = np.where(open_, offset[:k] + ent_start[:k] + 1, 0)
            prev = np.where(open_, tok, 0)
            summed = cached[tok + 1, 0] + cached[first, 1]
            summed += cached[prev, 2]
            summed += self.lower_b
            hidden = summed[:, 0::pieces]
            for p in range(1, pieces):
                hidden = np.maximum(hidden, summed[:, p::pieces])
            scores = self.ops.gemm(hidden, self.upper_w, trans2=True)
            scores += self.upper_b
            ends = (length[:k] == t + 1) | before_break[tok]
            scores += self.mask[(open_label[:k] * 2 + ends) * 2 + space[tok]]
            guess = scores.argmax(axis=1)
            kind = self.kind[guess]
            begin = np.flatnonzero(kind == _BEGIN)
            if len(begin):
                is_open[begin] = True
                ent_start[begin] = t
                open_label[begin] = self.class_index[guess[begin]]
            close = np.flatnonzero(kind == _LAST)
            if len(close):
                is_open[close] = False
                found.append((close, ent_start[close], t + 1, self.label[guess[close]]))
                open_label[close] = 0
            unit = np.flatnonzero(kind == _UNIT)
            if len(unit):
                found.append((unit, np.full(len(unit), t), t + 1, self.label[guess[unit]]))
        spans: list[list[tuple[int, int, int]]] = [[] for _ in range(n)]
        for states, begins, end, labels in found:
            for s, b, lab in zip(states.tolist(), begins.tolist(), labels.tolist(), strict=True):
                spans[s].append((b, end, lab))
        for s, i in enumerate(order.tolist()):
            doc = work[i]
            ents = sorted(spans[s])
            doc.set_ents([Span(doc, b, e, label=lab) for b, e, lab in ents], default="outside")


def _compatible(ner: Any) -> bool:
    """Whether ``ner``'s model has the layout :class:`Recogniser` reads."""
    try:
        model = ner.model
        lower = model.get_ref("lower")
        return (
            model.name == "parser_model"
            and bool(model.attrs.get("has_upper"))
            and not model.attrs.get("unseen_classes")
            and lower.get_dim("nF") == 3
            and ner.cfg.get("beam_width", 1) == 1
            and type(ner.moves).__name__ == "BiluoPushDown"
            and ner.moves.get_class_name(ner.moves.n_moves - 1) == "O"
        )
    except (KeyError, ValueError, AttributeError):
        return False


def _entities(doc: Any) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label_) for e in doc.ents]


def build(nlp: Any) -> Recogniser | None:
    """A :class:`Recogniser` for ``nlp``'s ``ner``, or None when spaCy's own must be used.

    None when the component's model is laid out differently from what this decoder
    reads, or when it disagrees with spaCy on the probe sentences (with or without
    the parser's sentence boundaries); either is logged.
    """
    if "ner" not in nlp.pipe_names:
        return None
    ner = nlp.get_pipe("ner")
    if not _compatible(ner):
        log.warning("NER model layout not recognised: using spaCy's NER component")
        return None
    try:
        fast = Recogniser(ner, nlp.vocab)
        for pipes in ((), tuple(p for p in ("tok2vec", "tagger", "parser") if p in nlp.pipe_names)):
            with nlp.select_pipes(enable=[*pipes, "ner"]):
                expected = [_entities(d) for d in nlp.pipe(_PROBE)]
            if pipes:
                with nlp.select_pipes(enable=list(pipes)):
                    docs = list(nlp.pipe(_PROBE))
            else:
                docs = [nlp.make_doc(t) for t in _PROBE]
            fast(docs)
            if [_entities(d) for d in docs] != expected:
                log.warning("NER decoder disagrees with spaCy on its probe: using spaCy's")
                return None
    except (KeyError, ValueError, IndexError) as exc:
        log.warning("NER decoder unavailable (%s): using spaCy's NER component", exc)
        return None
    return fast
