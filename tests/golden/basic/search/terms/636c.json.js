credcatSearchData("terms/636c.json", {
  "clean": [
    1,
    1
  ],
  "cleaning": [
    1,
    10,
    3,
    4
  ],
  "clearly": [
    2,
    4
  ]
}
);
