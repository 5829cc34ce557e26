credcatSearchData("terms/756e.json", {
  "university": [
    0,
    2,
    1,
    2,
    2,
    2
  ]
}
);
