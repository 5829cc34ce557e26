credcatSearchData("terms/6461.json", {
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
