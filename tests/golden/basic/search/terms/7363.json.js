credcatSearchData("terms/7363.json", {
  "science": [
    1,
    5
  ],
  "script": [
    3,
    10
  ]
}
);
