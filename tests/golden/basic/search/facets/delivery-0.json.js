credcatSearchData("facets/delivery-0.json", "010-");
