credcatSearchData("facets/funding-0.json", "--0-");
