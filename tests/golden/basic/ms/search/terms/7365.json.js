credcatSearchData("terms/7365.json", {
  "sebenar": [
    2,
    1
  ],
  "set": [
    2,
    4
  ],
  "setiap": [
    2,
    3
  ]
}
);
