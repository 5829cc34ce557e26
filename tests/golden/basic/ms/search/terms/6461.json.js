credcatSearchData("terms/6461.json", {
  "dalam": [
    2,
    4
  ],
  "data": [
    0,
    10,
    1,
    10,
    2,
    10,
    3,
    4
  ]
}
);
