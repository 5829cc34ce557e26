credcatSearchData("facets/language-0.json", "1,0,01,");
