from fogwatch.read.text import split_sentences


def test_sentences_keep_offsets():
    text = "Gen. Ahmed said 5 were killed. Police arrived.\n\nA new paragraph here."
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "Gen. Ahmed said 5 were killed.",
        "Police arrived.",
        "A new paragraph here.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sents)
    assert [s.paragraph for s in sents] == [0, 0, 1]


def test_quoted_sentence_keeps_its_closing_quote():
    sents = split_sentences('"We will fight," he said. Then he left.')
    assert sents[0].text == '"We will fight," he said.'
    assert len(sents) == 2


def test_empty_text_has_no_sentences():
    assert split_sentences("   \n\n ") == []
