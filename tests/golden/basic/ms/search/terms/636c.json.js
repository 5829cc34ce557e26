credcatSearchData("terms/636c.json", {
  "cleaning": [
    2,
    6,
    3,
    4
  ],
  "clearly": [
    1,
    4
  ]
}
);
