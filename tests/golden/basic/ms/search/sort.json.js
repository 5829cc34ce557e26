credcatSearchData("sort.json", {
  "date": "20240401,20240301,20240615,20200101",
  "hours": [
    120.0,
    80.0,
    40.0,
    null
  ]
}
);
