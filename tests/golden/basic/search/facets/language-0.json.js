credcatSearchData("facets/language-0.json", "1,01,0,");
