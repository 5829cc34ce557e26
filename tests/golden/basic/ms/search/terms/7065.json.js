credcatSearchData("terms/7065.json", {
  "pelajar": [
    2,
    1
  ],
  "pembersihan": [
    2,
    10
  ]
}
);
