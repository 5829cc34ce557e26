credcatSearchData("facets/hours-0.json", "312-");
