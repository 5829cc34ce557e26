credcatSearchData("terms/7363.json", {
  "science": [
    2,
    5
  ],
  "script": [
    3,
    10
  ]
}
);
