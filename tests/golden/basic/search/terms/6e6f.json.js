credcatSearchData("terms/6e6f.json", {
  "north": [
    0,
    2,
    1,
    2,
    2,
    2
  ],
  "not": [
    2,
    4
  ]
}
);
