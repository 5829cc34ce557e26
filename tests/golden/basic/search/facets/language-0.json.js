credcatSearchData("facets/language-0.json", "0,01,1,");
