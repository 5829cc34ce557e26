credcatSearchData("facets/level-0.json", "0-0-");
