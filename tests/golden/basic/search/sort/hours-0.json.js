credcatSearchData("sort/hours-0.json", "201-");
