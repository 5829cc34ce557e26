credcatSearchData("starts-0.json", ",5e6cgt,,");
