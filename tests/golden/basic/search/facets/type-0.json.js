credcatSearchData("facets/type-0.json", "1220");
