credcatSearchData("sort.json", {
  "date": "20240401,20240615,20240301,20200101",
  "hours": [
    120.0,
    40.0,
    80.0,
    null
  ]
}
);
