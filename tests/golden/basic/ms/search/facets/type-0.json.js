credcatSearchData("facets/type-0.json", "2110");
