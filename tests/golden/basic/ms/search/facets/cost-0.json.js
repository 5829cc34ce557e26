credcatSearchData("facets/cost-0.json", "-01-");
