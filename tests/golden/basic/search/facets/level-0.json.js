credcatSearchData("facets/level-0.json", "00--");
