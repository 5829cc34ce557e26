credcatSearchData("facets/skill-0.json", "-0--");
