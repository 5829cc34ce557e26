credcatSearchData("facets/issuer-0.json", "0001");
