"""The reader: article text in, :class:`~fogwatch.model.ArticleReading` out."""
