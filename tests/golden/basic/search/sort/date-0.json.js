credcatSearchData("sort/date-0.json", "2310");
